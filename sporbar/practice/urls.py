"""Pages of the promising-practice app."""

from django.urls import path

from . import views

app_name = "practice"
urlpatterns = [
    path("initiativer/<int:pk>/lovende-praksis/", views.profile, name="profile"),
    path("initiativer/<int:pk>/lovende-praksis/<int:number>/", views.element_history, name="history"),
    path("initiativer/<int:pk>/lovende-praksis/<int:number>/niveau/", views.set_level, name="set-level"),
    path(
        "initiativer/<int:pk>/lovende-praksis/<int:number>/selvevaluering/",
        views.self_assessment,
        name="self-assessment",
    ),
    path("initiativer/<int:pk>/lovende-praksis/<int:number>/dokumenter/", views.upload, name="upload"),
    path("lovende-praksis/dokumenter/<int:pk>/", views.document, name="document"),
    path("lovende-praksis/dokumenter/<int:pk>/fjern/", views.remove_document, name="remove-document"),
    path("planer/<int:pk>/lovende-praksis/", views.plan_matrix, name="matrix"),
    path("planer/<int:pk>/lovende-praksis/eksport/<str:fmt>/", views.matrix_export, name="matrix-export"),
]
