//! The app's shared state: the loaded base with its engine, and the date the
//! app treats as today. Views read it through [`use_workspace`].

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use lifecycle_core::demo::{DemoConfig, generate};
use lifecycle_core::reports::{StageChange, TrendPoint, month_ends};
use lifecycle_core::{Base, Engine, Model};

/// A loaded customer base, ready to answer questions as of `today`.
pub struct Workspace {
    pub engine: Engine,
    pub today: NaiveDate,
}

impl Workspace {
    /// A generated demo base of `contacts` contacts with the b2b model.
    pub fn demo(contacts: usize, today: NaiveDate) -> Workspace {
        let (contacts, events) = generate(&DemoConfig {
            contacts,
            seed: 42,
            as_of: today,
        });
        let base = Base::new(contacts, events).expect("the demo generator makes a valid base");
        let model = Model::preset("b2b").expect("b2b is a preset");
        let engine = Engine::new(base, model).expect("the b2b preset is valid");
        Workspace { engine, today }
    }

    pub fn contact_count(&self) -> usize {
        self.engine.base().len()
    }

    /// Stage counts today and `period_days` ago.
    pub fn stage_changes(&self, period_days: i64) -> Vec<StageChange> {
        let from = self.today - Duration::days(period_days);
        self.engine.stage_change(from, self.today, None)
    }

    /// Stage counts at each month end of the last `months` months, and today.
    pub fn monthly_trend(&self, months: u32) -> Vec<TrendPoint> {
        let from = self.today - Duration::days(i64::from(months) * 31);
        let mut dates = month_ends(from, self.today);
        if dates.last() != Some(&self.today) {
            dates.push(self.today);
        }
        let histories = self.engine.histories(self.today);
        self.engine.trend(&histories, &dates, None)
    }
}

/// The loaded workspace, shared through context; `None` before any data.
#[derive(Clone, Copy)]
pub struct WorkspaceState(pub RwSignal<Option<Arc<Workspace>>>);

pub fn use_workspace() -> WorkspaceState {
    expect_context::<WorkspaceState>()
}
