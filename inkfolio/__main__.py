from inkfolio.cli import main

main()
