# Screen tests: the real tikdeck on a pty, python3-pyte as the terminal
# (tests/tui/tuitest.py).  TIKDECK_TUI_REGEN=1 rewrites tests/tui/expected/.
TESTS += tests/tui/test_console.py tests/tui/test_edit.py \
	tests/tui/test_tools.py tests/tui/test_live.py \
	tests/tui/test_bigfilter.py tests/tui/test_bigload.py
EXTRA_DIST += tests/tui/tuitest.py tests/tui/test_console.py \
	tests/tui/test_edit.py tests/tui/test_tools.py tests/tui/test_live.py \
	tests/tui/test_bigfilter.py tests/tui/test_bigload.py \
	tests/tui/expected

# Unit tests of the form checks and the schema (pure core modules).
check_PROGRAMS += tests/unit/test_validate tests/unit/test_schema
TESTS += tests/unit/test_validate tests/unit/test_schema
tests_unit_test_validate_LDADD = $(TEST_LIBS)
tests_unit_test_schema_LDADD = $(TEST_LIBS)

# Charsets of router text (auto, utf-8, cp1252) and copy of fixed rows.
TESTS += tests/tui/test_charset.py
EXTRA_DIST += tests/tui/test_charset.py

# The bottom pane slot and the log pane.
TESTS += tests/tui/test_panes.py
EXTRA_DIST += tests/tui/test_panes.py

# The ping and traceroute panes.
TESTS += tests/tui/test_probe.py
EXTRA_DIST += tests/tui/test_probe.py

# The traffic pane (monitor-traffic, history graphs).
TESTS += tests/tui/test_traffic.py
EXTRA_DIST += tests/tui/test_traffic.py

# TLS trust on first use, the plaintext warning, routers by name.
TESTS += tests/tui/test_trust.py
EXTRA_DIST += tests/tui/test_trust.py

# The dashboard and the first screen (--first-screen).
TESTS += tests/tui/test_dashboard.py
EXTRA_DIST += tests/tui/test_dashboard.py

# The torch pane (/tool/torch flows, sort keys).
TESTS += tests/tui/test_torch.py
EXTRA_DIST += tests/tui/test_torch.py

# The router list, several routers at once, :router.
TESTS += tests/tui/test_routers.py
EXTRA_DIST += tests/tui/test_routers.py
