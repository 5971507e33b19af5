# Screen tests: the real tikdeck on a pty, python3-pyte as the terminal
# (tests/tui/tuitest.py).  TIKDECK_TUI_REGEN=1 rewrites tests/tui/expected/.
TESTS += tests/tui/test_console.py
EXTRA_DIST += tests/tui/tuitest.py tests/tui/test_console.py \
	tests/tui/expected
