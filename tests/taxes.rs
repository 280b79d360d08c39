//! The tax table as migrated into a real `shared.db`: every province and territory, dates of
//! effect, and no tax for US clubs.

use clubhouse::db::DbError;
use clubhouse::taxes::{self, Breakdown};

use crate::support::{close, open_databases};

async fn on(
    dbs: &clubhouse::db::Databases,
    region: &'static str,
    date: &'static str,
    fee: i64,
) -> Breakdown {
    let rates = dbs
        .shared
        .read(move |conn| taxes::rates_on(conn, region, date).map_err(DbError::from))
        .await
        .expect("rates");
    taxes::breakdown(fee, &rates)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_province_and_territory_taxes_a_fee_by_its_own_rates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let dbs = open_databases(dir.path()).await;
    // A $100.00 fee on 2026-11-22.
    let expected: [(&str, &[(&str, i64)]); 13] = [
        ("CA-AB", &[("GST", 500)]),
        ("CA-BC", &[("GST", 500), ("PST", 700)]),
        ("CA-MB", &[("GST", 500), ("RST", 700)]),
        ("CA-NB", &[("HST", 1500)]),
        ("CA-NL", &[("HST", 1500)]),
        ("CA-NS", &[("HST", 1400)]),
        ("CA-NT", &[("GST", 500)]),
        ("CA-NU", &[("GST", 500)]),
        ("CA-ON", &[("HST", 1300)]),
        ("CA-PE", &[("HST", 1500)]),
        ("CA-QC", &[("GST", 500), ("QST", 998)]),
        ("CA-SK", &[("GST", 500), ("PST", 600)]),
        ("CA-YT", &[("GST", 500)]),
    ];
    for (region, taxes) in expected {
        let b = on(&dbs, region, "2026-11-22", 10_000).await;
        let got: Vec<(&str, i64)> = b.taxes.iter().map(|(k, _, a)| (k.as_str(), *a)).collect();
        assert_eq!(got, taxes, "{region}");
        assert_eq!(
            b.total,
            10_000 + taxes.iter().map(|(_, a)| a).sum::<i64>(),
            "{region}"
        );
    }
    // Nova Scotia's HST went from 15 % to 14 % on 2025-04-01.
    assert_eq!(on(&dbs, "CA-NS", "2025-03-31", 10_000).await.total, 11_500);
    assert_eq!(on(&dbs, "CA-NS", "2025-04-01", 10_000).await.total, 11_400);
    // US clubs pay no tax; nothing applies before a rate's start.
    assert_eq!(on(&dbs, "US-NY", "2026-11-22", 10_000).await.taxes, vec![]);
    assert_eq!(on(&dbs, "CA-ON", "2009-01-01", 10_000).await.total, 10_000);
    close(dbs).await;
}
