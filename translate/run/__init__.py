"""Running a translation: plans, jobs, publishing, worker processes and the pipeline wiring."""
