"""REST API of the investment app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("investment-cases", views.InvestmentCaseViewSet, basename="investment-case")
router.register("consequences", views.ConsequenceViewSet, basename="consequence")
router.register("prices", views.PriceViewSet, basename="price")
urlpatterns = router.urls
