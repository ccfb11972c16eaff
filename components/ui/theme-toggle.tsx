"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useEffect, useSyncExternalStore } from "react";
import { Button } from "./button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuLabel, DropdownMenuRadioGroup, DropdownMenuRadioItem, DropdownMenuTrigger } from "./dropdown-menu";
import { createPreferenceStore } from "./preference-store";
import { parseTheme, resolvesToDark, THEME_STORAGE_KEY, THEMES, type Theme } from "./theme";

const themeStore = createPreferenceStore<Theme>(THEME_STORAGE_KEY, parseTheme, "system");
const DARK_QUERY = "(prefers-color-scheme: dark)";

function subscribeToSystem(listener: () => void) {
  const query = window.matchMedia(DARK_QUERY);
  query.addEventListener("change", listener);
  return () => query.removeEventListener("change", listener);
}

/** The stored preference and what it resolves to now. */
export function useTheme(): { theme: Theme; resolved: "light" | "dark"; setTheme: (theme: Theme) => void } {
  const theme = themeStore.usePreference();
  const systemDark = useSyncExternalStore(
    subscribeToSystem,
    () => window.matchMedia(DARK_QUERY).matches,
    () => false,
  );
  return { theme, resolved: resolvesToDark(theme, systemDark) ? "dark" : "light", setTheme: themeStore.set };
}

function applyTheme(dark: boolean) {
  const root = document.documentElement;
  root.classList.toggle("dark", dark);
  root.style.colorScheme = dark ? "dark" : "light";
}

const LABELS: Record<Theme, string> = { light: "Light", dark: "Dark", system: "System" };
const ICONS: Record<Theme, typeof Sun> = { light: Sun, dark: Moon, system: Monitor };

/**
 * Light, dark or system. The first paint is already right (THEME_INIT_SCRIPT in the layout);
 * this keeps <html> in step when the choice or the system setting changes.
 */
const subscribeNever = () => () => {};

export function ThemeToggle() {
  const { theme, resolved, setTheme } = useTheme();
  // False while hydrating (when the store still reports the server's "system"), so the class set
  // by the init script is not overwritten with the server's guess for one frame.
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);
  useEffect(() => {
    if (hydrated) applyTheme(resolved === "dark");
  }, [hydrated, resolved]);
  const Icon = ICONS[theme];
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon-sm" aria-label={`Theme: ${LABELS[theme]}`} data-testid="theme-toggle">
          <Icon aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent className="min-w-36">
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <DropdownMenuRadioGroup value={theme} onValueChange={(value) => setTheme(parseTheme(value))}>
          {THEMES.map((option) => {
            const OptionIcon = ICONS[option];
            return (
              <DropdownMenuRadioItem key={option} value={option}>
                <OptionIcon aria-hidden />
                {LABELS[option]}
              </DropdownMenuRadioItem>
            );
          })}
        </DropdownMenuRadioGroup>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
