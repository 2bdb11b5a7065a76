"""Project settings. https://docs.kedro.org/en/stable/kedro_project_setup/settings.html"""

from kedro.config import OmegaConfigLoader

# Hooks are instances. Run-tracking hooks can also arrive as plugins through the
# "kedro.hooks" entry point group (Kedro Lens loads its own that way, only for runs it starts).
HOOKS = ()

CONFIG_LOADER_CLASS = OmegaConfigLoader
CONFIG_LOADER_ARGS = {
    "base_env": "base",
    "default_run_env": "local",
}
