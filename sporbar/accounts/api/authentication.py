from rest_framework import authentication

from sporbar.accounts.audit import attribute_request_to


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication; changes made through the request are logged as the token's user.

    Session users are known to the middleware already; token users only once DRF authenticates.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            attribute_request_to(result[0])
        return result
