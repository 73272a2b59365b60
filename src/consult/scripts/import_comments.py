"""`consult import-comments`: comments received offline, from a CSV file or an Excel workbook."""

import sys

from tqdm import tqdm

from ..clock import SystemClock
from ..feedback.services import FeedbackService
from ..imports.dates import DateNotUnderstood
from ..imports.formats import FormatError, default_source
from ..imports.reading import read_file, write_rejections
from ..imports.services import ImportFailed, format_for, run_import
from .common import ini_settings, open_database, typed_settings


def import_comments_command(args, out=None, after_row=None):
    """Import offline comments from a CSV file or an .xlsx workbook
    (docs/operations.md, "Importing offline comments"). `after_row` is a
    test hook called after each row."""
    out = out or sys.stdout
    if args.batch_size < 1:
        raise SystemExit("consult import-comments: --batch-size must be at least 1")
    settings = ini_settings(args)
    clock = SystemClock()
    source = args.source or default_source(args.file, args.format)
    options = {
        "format": args.format,
        "source": source,
        "map": args.map,
        "channel": args.channel,
        "stance": args.stance,
        "timezone": args.timezone,
        "map_channel": args.map_channel,
    }
    try:
        fmt = format_for(options, clock.now())
        rows, rejections, total = read_file(args.file, fmt)
    except DateNotUnderstood as error:
        raise SystemExit(f"consult import-comments: --timezone: {error}") from None
    except FormatError as error:
        raise SystemExit(f"consult import-comments: {error}") from None
    service = FeedbackService(clock, typed_settings(args, settings))
    with (
        open_database(settings, read_only=args.dry_run) as db,
        tqdm(
            total=len(rows), unit="row", desc="Importing", file=sys.stderr, disable=args.quiet
        ) as bar,
    ):
        try:
            report = run_import(
                db,
                args.consultation,
                rows,
                rejections,
                service,
                total,
                batch_size=args.batch_size,
                dry_run=args.dry_run,
                default_target=args.target,
                progress=bar.update,
                after_row=after_row,
            )
        except ImportFailed as error:
            raise SystemExit(f"consult import-comments: {error}") from None
    print(f"{args.file} (source {source!r}): {report.summary()}", file=out)
    for rejection in report.rejected:
        print(f"  row {rejection.number}: {rejection.reason}", file=out)
    if args.rejected:
        write_rejections(args.rejected, report.rejected)
        print(f"Rejected rows written to {args.rejected}.", file=out)
    if args.dry_run:
        print("Dry run: nothing was changed.", file=out)
    return 0


def add_commands(commands):
    """The import's command."""
    imports = commands.add_parser(
        "import-comments",
        help="import comments received offline (e-mail, post, hearings) "
        "or exported from Polis, from a CSV file or an .xlsx workbook; safe to run again",
    )
    imports.add_argument("--ini", required=True)
    imports.add_argument("--consultation", required=True, metavar="SLUG")
    imports.add_argument("file", metavar="FILE")
    imports.add_argument(
        "--format",
        choices=("generic", "polis"),
        default="generic",
        help="generic (columns named by --map) or polis (a Polis comments.csv)",
    )
    imports.add_argument(
        "--map",
        default="",
        metavar="FIELD=COLUMN,...",
        help="columns of the generic format, e.g. text=Comment,author=Name "
        "(fields: id, text, author, author_id, date, article, stance, channel; "
        "default: each field's own name)",
    )
    imports.add_argument(
        "--source",
        help="a label for the file's comments, the same on every run (default: the file's name)",
    )
    imports.add_argument(
        "--channel",
        choices=("email", "post", "hearing", "polis", "online"),
        help="how the comments were received, for rows without a channel",
    )
    imports.add_argument(
        "--map-channel",
        action="append",
        default=[],
        metavar="VALUE=CHANNEL",
        help="read the file's own channel name VALUE as CHANNEL (email, post, hearing, polis "
        "or online), e.g. --map-channel 'Письмо=post'; repeat for each name",
    )
    imports.add_argument(
        "--timezone",
        default="Asia/Almaty",
        metavar="ZONE",
        help="the time zone of dates written without one, an IANA name such as Asia/Jakarta "
        "or UTC (default: Asia/Almaty). Dates may be ISO (2018-02-13 12:58), "
        "day first (13.02.2018), as date(1) writes them (Tue Feb 13 12:58:16 WIB 2018) "
        "or milliseconds since 1970",
    )
    imports.add_argument(
        "--stance",
        default="neutral",
        choices=("for", "against", "neutral"),
        help="for rows without a stance (default: neutral)",
    )
    imports.add_argument(
        "--target",
        default="question:1",
        help="where rows without an article go: article:N or question:N "
        "(default: question:1, the first Green-Paper question)",
    )
    imports.add_argument(
        "--batch-size", type=int, default=200, help="rows per transaction (default: 200)"
    )
    imports.add_argument(
        "--dry-run", action="store_true", help="check every row and report, change nothing"
    )
    imports.add_argument(
        "--rejected",
        metavar="FILE.csv",
        help="also write the rejected rows, with their reasons, to this file",
    )
    imports.add_argument("--quiet", action="store_true", help="no progress bar")
    imports.set_defaults(handler=import_comments_command)
