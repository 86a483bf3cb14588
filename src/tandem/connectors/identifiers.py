"""Check digits of parcel tracking numbers, so demo numbers pass the same validation as real ones."""

_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def ups_check_digit(body: str) -> str:
    """Check digit of a UPS "1Z" number from the 15 characters after "1Z" (letters map to digits)."""
    total = 0
    for index, char in enumerate(body.upper()):
        value = int(char) if char.isdigit() else (ord(char) - ord("A") + 2) % 10
        total += value * 2 if index % 2 else value
    return str((10 - total % 10) % 10)


def s10_check_digit(serial: str) -> str:
    """UPU S10 (La Poste) check digit of an 8-digit serial: weighted mod 11, 10 -> 0, 11 -> 5."""
    check = 11 - sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS, strict=True)) % 11
    return str({10: 0, 11: 5}.get(check, check))


def is_valid_ups(number: str) -> bool:
    number = number.upper()
    return (
        len(number) == 18
        and number.startswith("1Z")
        and number[2:].isalnum()
        and ups_check_digit(number[2:17]) == number[17]
    )


def is_valid_s10(number: str) -> bool:
    number = number.upper()
    return (
        len(number) == 13
        and number[:2].isalpha()
        and number[2:11].isdigit()
        and number[11:].isalpha()
        and s10_check_digit(number[2:10]) == number[10]
    )
