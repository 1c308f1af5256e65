import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Do while the worker boots what the first request would otherwise wait for.

    Importing the URLconf imports every view and what only the views use (the REST framework
    among them); the translation catalogues of every language load on first use. Together that
    made the first request a worker served take 1.2-1.6 s in the demo. A broken URLconf now
    stops the worker at boot instead of failing a user's request.
    """
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (the import is the point)
    staff = [code for code, _name in settings.LANGUAGES]
    for code in dict.fromkeys([*staff, *settings.PUBLIC_LANGUAGES]):
        with translation.override(code):
            translation.gettext("Schakel")


_warm_up()
