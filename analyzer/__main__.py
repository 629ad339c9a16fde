"""Allow ``python -m analyzer`` as an alias of the ``bjla`` console script."""

from analyzer.entry import main

main()
