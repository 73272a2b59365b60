from datetime import timedelta

from consult.juries.lottery.runner import status_of


def test_a_running_draw_without_its_worker_is_interrupted(service, jury):
    service.clock.advance(timedelta(days=10))
    draw = service.announce_draw(jury, "maximin")
    service.start_draw(jury, draw)
    assert status_of(draw, runner=None) == "interrupted"  # this process, no thread
    draw.runner = "another-process"
    assert status_of(draw) == "running"  # its heartbeat is fresh
    draw.heartbeat -= 3600
    assert status_of(draw) == "interrupted"
    service.start_draw(jury, draw)  # may be started again
    assert draw.status == "running"
