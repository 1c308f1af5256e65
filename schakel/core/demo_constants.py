"""Demo credentials, documented in the README; importable without Django (screenshot script)."""

DEMO_PASSWORD = "Schakel-demo-2026!"  # noqa: S105 - documented demo-only password
# Base32, 20 bytes; testers add it to an authenticator app.
DEMO_TOTP_SEED = "SCHAKELDEMOTOTPSEEDSCHAKELDEMO23"
DEMO_DOMAIN = "demo.schakel.example"
