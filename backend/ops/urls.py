from django.urls import path

from .apis import board, calendar, imports

app_name = "ops"
urlpatterns = [
    path("calendar/", calendar.CalendarApi.as_view(), name="calendar"),
    path("imports/preview/", imports.ImportPreviewApi.as_view(), name="import-preview"),
    path("imports/apply/", imports.ImportApplyApi.as_view(), name="import-apply"),
    path("rounds/<int:round_id>/board/", board.RoundBoardApi.as_view(), name="round-board"),
]
