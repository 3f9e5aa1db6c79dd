"""`python -m apprentice` is the same as the `apprentice` command."""

from .cli import main

if __name__ == "__main__":  # grading workers fork from a server that re-imports __main__
    main()
