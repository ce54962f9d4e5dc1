"""Old name of `python -m research.evaluation.topic_study`, kept because users typed it."""
from research.evaluation.topic_study import main

if __name__ == "__main__":
    main()
