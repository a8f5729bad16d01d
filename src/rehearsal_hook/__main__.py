from __future__ import annotations

from rehearsal_hook.main import main

raise SystemExit(main())
