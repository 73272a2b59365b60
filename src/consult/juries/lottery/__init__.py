"""The stratified lottery: the draw over plain data (`algorithm`, `data`),
in a child process (`process`, and `python -m consult.juries.lottery`), the
background worker that runs a started draw (`runner`), the seeds, and the
jury service's part that stores a draw (`draws`)."""
