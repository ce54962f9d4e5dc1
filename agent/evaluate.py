"""Old name of `python -m research.agent_eval.evaluate`, kept because users typed it."""
from research.agent_eval.evaluate import main

if __name__ == "__main__":
    raise SystemExit(main())
