//! A radio frequency band and the bandwidth taken from it.

use cosmwasm_schema::cw_serde;
use thiserror::Error;

/// 3 THz: the top of the radio spectrum (ITU Radio Regulations, art. 1.5). No band edge,
/// bandwidth or margin in Hz may be higher, which keeps every frequency an exact JSON
/// number (see [`crate::number`]).
pub const MAX_RADIO_HZ: u64 = 3_000_000_000_000;
// Every frequency is an exact JSON number.
const _: () = assert!(MAX_RADIO_HZ < crate::number::MAX_SAFE_INTEGER);

/// A contiguous frequency band `[from_hz, to_hz)`, in hertz.
#[cw_serde]
#[derive(Copy, Eq)]
pub struct Band {
    /// Lower edge of the band in Hz (inclusive).
    pub from_hz: u64,
    /// Upper edge of the band in Hz (exclusive); must be greater than `from_hz` and at most
    /// 3 THz (3000000000000), the top of the radio spectrum.
    pub to_hz: u64,
}

/// Why a band or a bandwidth was refused.
#[derive(Error, Debug, PartialEq, Eq)]
pub enum BandError {
    #[error("invalid band: from_hz {from_hz} must be below to_hz {to_hz}")]
    EmptyBand { from_hz: u64, to_hz: u64 },

    #[error("bandwidth {bandwidth_hz} Hz is wider than the band ({width_hz} Hz)")]
    BandwidthTooWide { bandwidth_hz: u64, width_hz: u64 },

    #[error("bandwidth must be greater than zero")]
    ZeroBandwidth {},

    #[error("{field} {hz} Hz is above the radio spectrum ({max_hz} Hz, 3 THz)")]
    AboveRadioSpectrum { field: String, hz: u64, max_hz: u64 },
}

/// Refuses a frequency or bandwidth above [`MAX_RADIO_HZ`].
pub fn check_hz(field: &str, hz: u64) -> Result<u64, BandError> {
    if hz > MAX_RADIO_HZ {
        return Err(BandError::AboveRadioSpectrum {
            field: field.to_string(),
            hz,
            max_hz: MAX_RADIO_HZ,
        });
    }
    Ok(hz)
}

impl Band {
    /// Builds a band, refusing an empty or inverted one.
    pub fn new(from_hz: u64, to_hz: u64) -> Result<Self, BandError> {
        let band = Band { from_hz, to_hz };
        band.validate()?;
        Ok(band)
    }

    /// Checks that `from_hz < to_hz <= MAX_RADIO_HZ`.
    pub fn validate(&self) -> Result<(), BandError> {
        if self.from_hz >= self.to_hz {
            return Err(BandError::EmptyBand {
                from_hz: self.from_hz,
                to_hz: self.to_hz,
            });
        }
        check_hz("to_hz", self.to_hz)?;
        Ok(())
    }

    /// Width of the band in Hz. Only meaningful for a validated band.
    pub fn width_hz(&self) -> u64 {
        self.to_hz.saturating_sub(self.from_hz)
    }

    /// Checks the band and that `bandwidth_hz` is non-zero and fits inside it.
    pub fn validate_bandwidth(&self, bandwidth_hz: u64) -> Result<(), BandError> {
        self.validate()?;
        if bandwidth_hz == 0 {
            return Err(BandError::ZeroBandwidth {});
        }
        if bandwidth_hz > self.width_hz() {
            return Err(BandError::BandwidthTooWide {
                bandwidth_hz,
                width_hz: self.width_hz(),
            });
        }
        Ok(())
    }

    /// True when the two bands share at least one hertz.
    pub fn overlaps(&self, other: &Band) -> bool {
        self.from_hz < other.to_hz && other.from_hz < self.to_hz
    }

    /// True when `other` lies entirely inside this band.
    pub fn contains(&self, other: &Band) -> bool {
        self.from_hz <= other.from_hz && other.to_hz <= self.to_hz
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_refuses_empty_and_inverted_ranges() {
        assert_eq!(
            Band::new(10, 10),
            Err(BandError::EmptyBand {
                from_hz: 10,
                to_hz: 10
            })
        );
        assert_eq!(
            Band::new(11, 10),
            Err(BandError::EmptyBand {
                from_hz: 11,
                to_hz: 10
            })
        );
        assert_eq!(Band::new(10, 11).unwrap().width_hz(), 1);
    }

    #[test]
    fn band_ends_at_the_top_of_the_radio_spectrum() {
        assert!(Band::new(MAX_RADIO_HZ - 1, MAX_RADIO_HZ).is_ok());
        assert_eq!(
            Band::new(1, MAX_RADIO_HZ + 1),
            Err(BandError::AboveRadioSpectrum {
                field: "to_hz".into(),
                hz: MAX_RADIO_HZ + 1,
                max_hz: MAX_RADIO_HZ
            })
        );
    }

    #[test]
    fn bandwidth_must_fit_inside_the_band() {
        let band = Band::new(3_550_000_000, 3_560_000_000).unwrap();
        assert_eq!(band.validate_bandwidth(10_000_000), Ok(()));
        assert_eq!(
            band.validate_bandwidth(10_000_001),
            Err(BandError::BandwidthTooWide {
                bandwidth_hz: 10_000_001,
                width_hz: 10_000_000
            })
        );
        assert_eq!(band.validate_bandwidth(0), Err(BandError::ZeroBandwidth {}));
        let inverted = Band {
            from_hz: 5,
            to_hz: 1,
        };
        assert!(matches!(
            inverted.validate_bandwidth(1),
            Err(BandError::EmptyBand { .. })
        ));
    }

    #[test]
    fn overlap_and_containment_are_half_open() {
        let a = Band::new(100, 200).unwrap();
        let b = Band::new(200, 300).unwrap();
        let c = Band::new(150, 250).unwrap();
        assert!(!a.overlaps(&b));
        assert!(a.overlaps(&c) && c.overlaps(&b));
        assert!(a.contains(&Band::new(100, 200).unwrap()));
        assert!(!a.contains(&c));
    }
}
