from consentry.cli import run

run()
