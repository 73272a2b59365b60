"""The nginx in front of consult, for every test here (nginx_front)."""

from nginx_front import certificate, nginx  # noqa: F401 (fixtures)
