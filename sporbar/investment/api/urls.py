"""REST API of the investment app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()
urlpatterns = router.urls
