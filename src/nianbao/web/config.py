"""What ``nianbao serve`` is told: database, data folder, token and the upload limits."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..settings import DEFAULT, Settings

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class WebConfig:
    #: the corpus database (None: ``nianbao.sqlite`` in the working directory, as the CLI)
    db: str | None = None
    #: uploaded files (by SHA-256) and rendered page images live here
    data_dir: Path = Path("nianbao-data")
    #: when set, every page and API call needs it (header, cookie or ``?token=`` once)
    token: str | None = None
    #: one uploaded file at most (a report is rarely over 10 MB; scans may be)
    max_upload_bytes: int = 32 * MiB
    #: files in one upload request
    max_files: int = 20
    #: one request body at most (several files together)
    max_request_bytes: int = 64 * MiB
    #: files waiting to be read at most; more are refused until the queue drains
    max_queue: int = 200
    #: worker processes reading uploads
    jobs: int = 1
    #: resolution of rendered page images
    page_dpi: int = 110
    #: rows of the corpus list per page
    page_size: int = 50
    settings: Settings = field(default=DEFAULT)
