"""The programme builder (`programme-pairs`): programme documents and directories that list
paired authorities. `lines` finds the pairs, `title` the programme and its period, `bodies` its
lead and co-funders, `funding` its budget, `prose` the narrative around the lists."""

from builders.programme.pairs import ProgrammePairsBuilder

__all__ = ["ProgrammePairsBuilder"]
