"""``python -m shebao_calculator --data data.json calc --city ... --base ...``"""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
