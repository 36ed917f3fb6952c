"""`python -m samplegen`: see samplegen.cli."""

from samplegen.cli import main

raise SystemExit(main())
