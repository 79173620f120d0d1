"""python -m narrate"""

from .cli import cli

cli(prog_name="narrate")
