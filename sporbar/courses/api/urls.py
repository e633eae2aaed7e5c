"""REST API of the courses app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("citizens", views.CitizenViewSet, basename="citizen")
router.register("courses", views.CourseViewSet, basename="course")
router.register("goals", views.GoalViewSet, basename="goal")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("employment-statuses", views.EmploymentStatusViewSet, basename="employment-status")
router.register("self-reports", views.SelfReportViewSet, basename="self-report")
urlpatterns = router.urls
