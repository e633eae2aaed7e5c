"""The scopes of the figures: the plan's tree, the target groups and the unit tree, as plain lookups."""

from sporbar.accounts.models import Unit
from sporbar.plans.models import Initiative, Plan

SCOPE_ORDER = ["plan", "theme", "track", "initiative", "target_group", "unit"]


class PlanScopes:
    """The plan's structure as plain lookups: names, parents and the units above each unit."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.initiatives = {}
        self.names = {("plan", plan.id): plan.name}
        self.parent = {}
        rows = Initiative.objects.filter(track__theme__plan=plan).select_related("track__theme")
        for ini in rows:
            track, theme = ini.track, ini.track.theme
            self.initiatives[ini.id] = ini
            self.names[("initiative", ini.id)] = ini.title
            self.names[("track", track.id)] = f"Spor {track.number}: {track.name}"
            self.names[("theme", theme.id)] = f"Tema {theme.number}: {theme.name}"
            self.parent[("initiative", ini.id)] = ("track", track.id)
            self.parent[("track", track.id)] = ("theme", theme.id)
            self.parent[("theme", theme.id)] = ("plan", plan.id)
            if ini.target_category:
                key = ("target_group", ini.target_category)
                self.names[key] = str(Initiative.TargetCategory(ini.target_category).label)
                self.parent[key] = ("plan", plan.id)
        self.units = {u.id: u for u in Unit.objects.all()}
        self._unit_chain = {}
        self._scopes = {}
        for unit in self.units.values():
            self.names[("unit", unit.id)] = unit.name
            if unit.parent_id:
                self.parent[("unit", unit.id)] = ("unit", unit.parent_id)

    @property
    def employment_ids(self) -> list[int]:
        return [i for i, ini in self.initiatives.items() if ini.is_employment]

    def unit_chain(self, unit_id: int) -> list[int]:
        chain = self._unit_chain.get(unit_id)
        if chain is None:
            chain = [int(p) for p in self.units[unit_id].path.strip("/").split("/") if p]
            self._unit_chain[unit_id] = chain
        return chain

    def scopes_of(self, initiative_id: int, unit_id: int | None) -> list[tuple]:
        """Every scope the courses of this initiative in this unit count in."""
        key = (initiative_id, unit_id)
        cached = self._scopes.get(key)
        if cached is None:
            cached = self._scopes[key] = self._scopes_of(initiative_id, unit_id)
        return cached

    def _scopes_of(self, initiative_id: int, unit_id: int | None) -> list[tuple]:
        ini = self.initiatives[initiative_id]
        scopes = [
            ("initiative", initiative_id),
            ("track", ini.track_id),
            ("theme", ini.track.theme_id),
            ("plan", self.plan.id),
        ]
        if ini.target_category:
            scopes.append(("target_group", ini.target_category))
        if unit_id is not None:
            scopes += [("unit", u) for u in self.unit_chain(unit_id)]
        return scopes
