"""Tandem's configuration: one object, read from `TANDEM_*` environment variables, built once and passed in."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TANDEM_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="Where models and the embedded database live.")
    target_precision: float = Field(default=0.97, gt=0.5, lt=1.0)

    @property
    def model_dir(self) -> Path:
        return self.data_dir / "models"
