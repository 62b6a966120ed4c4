"""Python's cycle collector paused while a bulk write builds thousands of objects."""

import gc
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused():
    """Pause the cycle collector for the block.

    A 1,000-action import makes some 5,000 model instances and history rows, and sealing
    them in the history chain as many links, in a process holding the read workbook and
    Django's own objects: the collector's passes over all of that (none of it garbage:
    the instances are freed by reference counting) were a third of the time. It runs
    again (and catches up) as soon as the block ends; a caller that had paused it keeps
    it paused."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
