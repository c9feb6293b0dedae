// Ink renders only the final frame when CI is set (is-in-ci, read once at import). CI runs this
// suite with CI=true; the UI tests must see the frames a user's terminal sees, so the flag is
// cleared before any test file imports Ink. The tmux e2e test also unsets it for its child.
// Whether this is CI stays known to the tests (tools that must be there, e.g. tmux) as CLMON_TEST_CI.
if (process.env.CI) process.env.CLMON_TEST_CI = process.env.CI;
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
