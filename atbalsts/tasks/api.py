"""REST API: the task list (own tasks and reminders), a new task, marking a task done."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from atbalsts.accounts.permissions import IsVerifiedStaff

from . import access, services
from .models import Task


class ItemSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text='"task" for an own task, "notice" for one made from another '
                                           'organisation\'s event, else the reminder\'s code')
    title = serializers.CharField()
    due = serializers.DateField()
    url = serializers.CharField(help_text="The page where it is dealt with (empty for an own task)")
    case_number = serializers.CharField()
    urgent = serializers.BooleanField()
    overdue = serializers.BooleanField()
    due_today = serializers.BooleanField()
    task_id = serializers.IntegerField(allow_null=True)
    done = serializers.BooleanField()


@extend_schema_serializer(many=False)  # the list action answers one object, not an array
class TaskPageSerializer(serializers.Serializer):
    """The task list as the task page shows it: the most urgent items and how many there are."""

    results = ItemSerializer(source="items", many=True, help_text=(
        "The most urgent open tasks and reminders, the earliest due first (urgent first on the same day): at most "
        "the policy's task_list_rows (a product default of 100)"))
    total = serializers.IntegerField(help_text=(
        "How many open tasks and reminders there are in all (at least this many when capped)"))
    more = serializers.IntegerField(help_text="How many of them are not in results (total minus the results shown)")
    overdue = serializers.IntegerField(help_text="How many of the total are overdue (at least, when capped)")
    due_today = serializers.IntegerField(help_text="How many of the total are due today (at least, when capped)")
    capped = serializers.BooleanField(help_text=(
        "True when a kind of item stopped counting at the policy's task_list_count_max (1,000 by default): "
        "the counts are then lower bounds"))


class TaskInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, help_text="No personal data; refer to a case by its number")
    due = serializers.DateField()
    case_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class TaskSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField(source="display_title")
    due = serializers.DateField()
    case_number = serializers.CharField()
    done = serializers.BooleanField()


class DoneSerializer(serializers.Serializer):
    done = serializers.BooleanField(default=True)


def _raise_as_api(exc: DjangoValidationError):
    raise ValidationError(getattr(exc, "message_dict", {"detail": exc.messages}))


class TaskViewSet(viewsets.GenericViewSet):
    permission_classes = [IsVerifiedStaff]
    serializer_class = TaskInputSerializer
    # For the schema's path parameter only: every read goes through ``access``.
    queryset = Task.objects.none()
    pagination_class = None
    lookup_value_regex = r"\d+"

    @extend_schema(responses={200: TaskPageSerializer})
    def list(self, request):
        """Open own tasks and every stage's reminders, the earliest due first: the same bounded list as
        the task page, the most urgent items (the policy's ``task_list_rows``) in ``results`` and how
        many there are in ``total``, ``more``, ``overdue`` and ``due_today`` (counted up to the policy's
        ``task_list_count_max`` per kind, ``capped`` when a kind reached it). Not paged: the rest are
        dealt with from the pages as the first ones are done. Query parameters are not read. What
        is shown is recorded (case numbers only)."""
        return Response(TaskPageSerializer(access.task_page(request.actor, timezone.localdate())).data)

    @extend_schema(request=TaskInputSerializer, responses={201: TaskSerializer})
    def create(self, request):
        data = TaskInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            task = services.create_task(request.actor, dict(data.validated_data))
        except DjangoValidationError as exc:
            _raise_as_api(exc)
        return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DoneSerializer, responses={200: TaskSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Mark an own task done (``{"done": false}`` opens it again). Anyone else's task: 404."""
        data = DoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = access.get_task(request.actor, int(pk))
        services.set_done(request.actor, task, data.validated_data["done"])
        return Response(TaskSerializer(task).data)
