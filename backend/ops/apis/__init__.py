"""The operator console's API (staff only, through `IsOperator`: with ADMIN_REQUIRE_MFA,
a session that passed the second factor). JSON everywhere but the file upload of
`imports.ImportPreviewApi`, which reads multipart/form-data."""
