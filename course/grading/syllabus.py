"""The exercise contract of every series (from the course syllabus): ids and function names.

`course build` checks that a series' source notebook holds each exercise listed here, with a
solution cell `exNN_name` that defines the named functions and a graded test cell
`exNN_name_tests`. Report columns and the answers kept under tests/ use the same ids.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exercise:
    """One graded exercise: its stable id and the functions its solution cell defines."""

    id: str
    functions: tuple[str, ...]

    @property
    def tests_id(self) -> str:
        return f"{self.id}_tests"


def _series(*rows: tuple[str, str]) -> tuple[Exercise, ...]:
    exercises = []
    for number, (name, functions) in enumerate(rows, start=1):
        exercises.append(Exercise(f"ex{number:02d}_{name}", tuple(functions.split())))
    return tuple(exercises)


SERIES: dict[str, tuple[Exercise, ...]] = {
    "01-floating-point": _series(
        ("float_bits", "float_bits"),
        ("float_value", "float_value"),
        ("ulp", "ulp"),
        ("machine_epsilon", "machine_epsilon"),
        ("count_between", "count_between"),
        ("welford", "welford welford_merge"),
        ("kahan_sum", "kahan_sum"),
        ("logsumexp", "logsumexp"),
        ("softmax", "softmax exp_overflow_threshold"),
        ("bce_with_logits", "bce_with_logits"),
        ("loss_scale_for", "loss_scale_for"),
        ("quadratic_roots", "quadratic_roots"),
    ),
    "02-linear-algebra": _series(
        ("lu_factor", "lu_factor"),
        ("lu_solve", "lu_solve"),
        ("growth_factor", "growth_factor"),
        ("cholesky", "cholesky"),
        ("householder_qr", "householder_qr"),
        ("gram_schmidt", "gram_schmidt"),
        ("lstsq", "lstsq_qr lstsq_normal"),
        ("conjugate_gradient", "conjugate_gradient"),
        ("pcg_jacobi", "pcg_jacobi"),
        ("power_iteration", "power_iteration lanczos"),
        ("randomized_svd", "randomized_svd"),
        ("csr_matvec", "csr_matvec"),
    ),
    "03-optimization": _series(
        ("grad_check", "grad_check"),
        ("fd_errors", "fd_errors optimal_step"),
        ("backtracking_line_search", "backtracking_line_search"),
        ("strong_wolfe_line_search", "strong_wolfe_line_search"),
        ("bfgs_inverse_update", "bfgs_inverse_update"),
        ("lbfgs_direction", "lbfgs_direction"),
        ("cauchy_point", "cauchy_point"),
        ("dogleg_step", "dogleg_step"),
        ("hvp", "hvp_fd hvp_autograd"),
        ("adam_update", "adam_update"),
        ("clip_grad_norm", "clip_grad_norm adaptive_grad_clip"),
        ("lr_at", "lr_at"),
    ),
    "04-interpolation": _series(
        ("lagrange_eval", "lagrange_eval"),
        ("newton", "divided_differences newton_eval"),
        ("barycentric", "barycentric_weights barycentric_eval"),
        ("chebyshev_points", "chebyshev_points"),
        ("runge_errors", "runge_errors"),
        ("lebesgue_constant", "lebesgue_constant"),
        ("natural_cubic_spline", "natural_cubic_spline"),
        ("bspline", "bspline_basis de_boor"),
        ("polyfit", "polyfit_qr polyfit_normal"),
        ("fft", "fft"),
        ("rbf_interpolant", "rbf_interpolant"),
        ("positional_encodings", "sinusoidal_encoding rope"),
    ),
    "05-integration": _series(
        ("newton_cotes", "trapezoid simpson"),
        ("romberg", "romberg"),
        ("gauss_legendre", "gauss_legendre"),
        ("gauss_quad", "gauss_quad"),
        ("gauss_hermite_expectation", "gauss_hermite_expectation"),
        ("adaptive_simpson", "adaptive_simpson"),
        ("mc_estimate", "mc_estimate"),
        ("antithetic_estimate", "antithetic_estimate"),
        ("halton", "halton"),
        ("convergence_slopes", "convergence_slope mc_sobol_slopes"),
        ("gradient_estimators", "reparam_gradient score_gradient"),
        ("elbo_1d", "elbo_1d"),
    ),
    "06-mixed-precision": _series(
        ("round_to_bf16", "round_to_bf16"),
        ("quantize_fp8", "fp8_max quantize_fp8"),
        ("scaled_fp8_roundtrip", "scaled_fp8_roundtrip"),
        ("underflow_fraction", "underflow_fraction overflow_fraction"),
        ("dynamic_loss_scaler", "DynamicLossScaler"),
        ("amp_step", "amp_step"),
        ("update_is_lost", "update_is_lost"),
        ("stochastic_round", "stochastic_round"),
        ("accumulate_bf16", "accumulate_bf16"),
        ("matmul_relative_error", "matmul_relative_error"),
        ("set_seed", "set_seed"),
        ("training_memory", "training_memory"),
    ),
    "07-gpu-memory": _series(
        ("matmul_cost", "matmul_cost arithmetic_intensity"),
        ("roofline_time", "roofline_time"),
        ("measure_copy_bandwidth", "measure_copy_bandwidth"),
        ("measure_matmul_flops", "measure_matmul_flops"),
        ("training_memory_breakdown", "training_memory_breakdown"),
        ("activation_memory", "activation_memory"),
        ("peak_memory", "peak_memory"),
        ("online_softmax", "online_softmax_merge online_softmax"),
        ("tiled_attention", "tiled_attention"),
        ("attention_hbm_bytes", "attention_hbm_bytes"),
        ("tiled_matmul_loads", "tiled_matmul_loads"),
        ("amp_peak_memory_ratio", "amp_peak_memory_ratio"),
    ),
}


def exercises_of(series: str) -> tuple[Exercise, ...]:
    """The exercises of `series`; ValueError naming the series when it is not in the syllabus."""
    if series not in SERIES:
        raise ValueError(f"series must be one of {sorted(SERIES)}, got {series!r}")
    return SERIES[series]
