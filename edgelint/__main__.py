from edgelint.launcher import main

main()
