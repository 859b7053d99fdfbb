"""Django admin (superadmin only, /superadmin/): read-mostly views of the catalog tables. Day-to-day
writes go through the catalog pages, whose services validate and audit."""

from django.contrib import admin

from apps.catalog.models import (
    Angkatan,
    AngkatanSession,
    JPConversionRule,
    Narasumber,
    Penyelenggara,
    Program,
    ProgramModule,
)


@admin.register(JPConversionRule)
class JPConversionRuleAdmin(admin.ModelAdmin):
    """Reference data (rule 33): a change is a new row with a later effective_from."""

    list_display = (
        "form",
        "unit",
        "jp_per_unit",
        "international_jp_per_unit",
        "cap_jp",
        "cap_period",
        "instansi",
        "effective_from",
        "effective_to",
        "needs_verification",
    )
    list_filter = ("unit", "needs_verification", "instansi")
    search_fields = ("form", "source")


@admin.register(Penyelenggara)
class PenyelenggaraAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "is_lan_accredited", "instansi", "mou_end")
    list_filter = ("kind", "is_lan_accredited")
    search_fields = ("name",)


@admin.register(Narasumber)
class NarasumberAdmin(admin.ModelAdmin):
    list_display = ("name", "institution", "is_widyaiswara", "instansi")
    search_fields = ("name", "expertise")


class ModuleInline(admin.TabularInline):
    model = ProgramModule
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "version", "form", "learning_hours", "status", "visibility", "instansi")
    list_filter = ("status", "path", "visibility")
    search_fields = ("code", "title")
    inlines = [ModuleInline]
    readonly_fields = ("learning_hours", "conversion_rule", "previous_version", "search_text")


class SessionInline(admin.TabularInline):
    model = AngkatanSession
    extra = 0


@admin.register(Angkatan)
class AngkatanAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "instansi",
        "start_date",
        "end_date",
        "modality",
        "seats_taken",
        "seats_total",
        "status",
    )
    list_filter = ("status", "modality")
    search_fields = ("code", "name")
    inlines = [SessionInline]
