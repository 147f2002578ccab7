"""OPTIONS on any API view: its name, description and media types, never a 500.

DRF's SimpleMetadata describes the serializer of POST and PUT by calling the view's
`get_serializer`, which plain APIViews do not have; this one describes what every view can
tell and leaves the request bodies to the OpenAPI schema (/api/schema/).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework.metadata import BaseMetadata

if TYPE_CHECKING:  # rest_framework.views loads this class while it is being imported
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ApiMetadata(BaseMetadata):
    def determine_metadata(self, request: Request, view: APIView) -> dict[str, Any]:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
            "allowed_methods": sorted(view.allowed_methods),
            "schema": "/api/schema/",
        }
