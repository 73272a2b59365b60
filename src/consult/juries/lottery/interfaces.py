"""What the lottery asks of the jury service: the feasibility check and a
draw's announcement, start, result and failure. Part of
juries.interfaces.IJuryService; a refusal is a juries.interfaces.JuryError."""

from zope.interface import Interface


class IDrawService(Interface):
    # -- the lottery ----------------------------------------------------------------
    def check_feasibility(jury):
        """Whether a panel meeting the quotas and the one-per-household rule
        can be drawn from the applicants now.

        :returns: a juries.lottery.data.Feasibility.
        """

    def announce_draw(jury, algorithm):
        """Announce the next draw (the panel, or replacements for people who
        declined): its seed is drawn now and only its hash is published.

        :param str algorithm: "maximin", "nash" or "leximin".
        :returns: the new juries.models.Draw.
        :raises JuryError: unknown algorithm, recruitment still open, an
            earlier draw not done, or the panel complete.
        """

    def start_draw(jury, draw):
        """Take the pool snapshot and mark the draw running; the caller starts
        the worker after the commit (juries.lottery.runner.DrawRunner).

        :returns: the Draw.
        :raises JuryError: the draw is running or done already.
        """

    def finish_draw(jury, draw, result):
        """Store a finished draw's result; the people drawn become "selected".

        :param result: the juries.lottery.data.DrawResult.
        :returns: None.
        """

    def fail_draw(draw, error):
        """Store why a draw failed.

        :param error: the juries.lottery.data.LotteryError.
        :returns: None.
        """

    def for_worker():
        """A service for the draw worker's thread, made from this one's clock
        and hash keys and nothing of the request (its connection, mailer,
        accounts): what DrawRunner.start_after_commit calls once the
        transaction that started the draw commits.

        :returns: an IJuryService.
        """
