"""Intent model lifecycle: training, evaluation, probation, versions, live swap and admin."""
