"""`consult initialize` and `consult evolve`: create the database and bring it
to the latest generation."""

import sys

from ..accounts import passwords
from ..accounts.models import Principal
from ..clock import SystemClock
from ..config import evolution_steps
from ..demo.builder import DEMO_ACCOUNTS, build_demo
from ..hashing import key_problem, record_key
from .common import ini_settings, open_root, typed_settings


def _hash_key_checked(root, values):
    """Record the hash secret as the database's key, or stop naming the
    problem (a database whose hashes were made with another key)."""
    problem = key_problem(root, values)
    if problem:
        return problem
    record_key(root, values["consult.hash_secret"])
    return None


def initialize(args, out=None):
    out = out or sys.stdout
    settings = ini_settings(args)
    values = typed_settings(args, settings, "consult.hash_secret")
    # The administrator's password is hashed at the cost the site uses.
    passwords.configure(values)
    clock = SystemClock()
    with open_root(settings) as root:
        problem = _hash_key_checked(root, values)
        if problem:
            raise SystemExit(f"consult initialize: {problem}")
        principals = root["principals"]
        if args.admin_email and principals.find_by_email(args.admin_email) is None:
            if not args.admin_password:
                raise SystemExit("--admin-password is required with --admin-email")
            admin = Principal(
                args.admin_email,
                args.admin_first_name,
                args.admin_last_name,
                passwords.hash_password(args.admin_password),
                clock.now(),
            )
            admin.confirmed_at = clock.now()
            admin.grant("administrator")
            principals.add_principal(admin)
            print(f"Created the administrator {admin.email}.", file=out)
        if args.demo:
            created = build_demo(
                root, clock, progress=lambda text: print(text, file=out), jury=True
            )
            if not created:
                print("The demo content exists already.", file=out)
            print("\nDemo accounts (development only):", file=out)
            for email, password, roles in DEMO_ACCOUNTS:
                print(f"  {email:<32} {password:<22} {', '.join(roles)}", file=out)
    print(f"Database ready (generation {evolution_steps().latest}).", file=out)
    return 0


def evolve_command(args, out=None):
    out = out or sys.stdout
    settings = ini_settings(args)
    values = typed_settings(args, settings, "consult.hash_secret")
    with open_root(settings) as root:
        ran = evolution_steps(values).evolve(root)
        problem = _hash_key_checked(root, values)
    print(
        f"Ran {len(ran)} evolution step(s); now at generation {evolution_steps().latest}.",
        file=out,
    )
    if problem:
        print(f"The site will not start: {problem}", file=out)
        return 1
    return 0


def add_commands(commands):
    """The database's commands."""
    init = commands.add_parser("initialize", help="create the database and the first accounts")
    init.add_argument("--ini", required=True, help="the application's ini file")
    init.add_argument("--admin-email")
    init.add_argument("--admin-password")
    init.add_argument("--admin-first-name", default="Administrator")
    init.add_argument("--admin-last-name", default="")
    init.add_argument(
        "--demo",
        action="store_true",
        help="add a demo consultation built from real text, with demo accounts",
    )
    init.set_defaults(handler=initialize)

    evolve_parser = commands.add_parser(
        "evolve", help="bring the database to the latest generation"
    )
    evolve_parser.add_argument("--ini", required=True)
    evolve_parser.set_defaults(handler=evolve_command)
