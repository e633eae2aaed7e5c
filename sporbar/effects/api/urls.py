"""REST API of the effects app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("keyfigures", views.KeyFiguresViewSet, basename="keyfigures")
urlpatterns = router.urls
