"""The API's default permission: a signed-in person. A case system (role fagsystem) only pushes FFB
reports, through the one endpoint that allows it, and reads nothing."""

from rest_framework.permissions import IsAuthenticated

from .. import permissions


class IsAuthenticatedPerson(IsAuthenticated):
    def has_permission(self, request, view):
        return super().has_permission(request, view) and permissions.role_of(request.user) != permissions.Role.SYSTEM
