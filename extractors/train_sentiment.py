"""Old name of `python -m research.training.train_sentiment`, kept because users typed it."""
from research.training.train_sentiment import main

if __name__ == "__main__":
    raise SystemExit(main())
