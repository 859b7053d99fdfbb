"""Production settings as deployed, served over plain HTTP on 127.0.0.1 for `make bench-web`, with one
extra route: the bare page every key page is compared with."""

from asn_kompetensi.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.web_urls"
SECURE_SSL_REDIRECT = False  # no TLS proxy in front of the benchmark; cookies are sent by the driver itself
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# The driver's sessions are made with force_login: an admin without a second factor would be sent to enrol.
OTP_REQUIRED_FOR_ADMINS = False
