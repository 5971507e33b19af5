# simulator conformance tests (see tests/local.mk)
