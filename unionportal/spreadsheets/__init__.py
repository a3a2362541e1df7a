"""Spreadsheet imports and exports, shared by every app that has them (django-import-export).

- ``formats``: the one import format (xlsx or CSV, recognised from the file's content) and the
  export formats;
- ``widgets``: cell readers (Chinese labels, counts, money, dates, yes/no, reference names);
- ``resources``: ``PortalResource``, the base of each app's resource (all or nothing, Chinese
  errors naming row and column, formulas refused, exports escaped, bulk writes with history);
- ``admin``: ``PortalImportExportAdmin``, the base of each admin that imports or exports;
- ``storage``: the uploaded file between preview and confirmation, encrypted, never in clear;
- ``models``/``services``/``tasks``/``selectors``: large files imported by a Celery task, with
  progress (``ImportJob``);
- ``messages``: what a clerk reads when a file is refused.
"""
