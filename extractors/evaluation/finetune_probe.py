"""Old name of `python -m research.evaluation.finetune_probe`, kept because users typed it."""
from research.evaluation.finetune_probe import main

if __name__ == "__main__":
    main()
