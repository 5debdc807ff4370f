package dev.followup.notification.api;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/** Phone numbers read with libphonenumber's metadata. */
final class PhoneNumbers {

  private PhoneNumbers() {}

  /** The number in E.164 ({@code +14155550123}), or null if it is not a valid number. */
  static String toE164(String value) {
    if (value == null || !value.strip().startsWith("+")) {
      return null;
    }
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    try {
      Phonenumber.PhoneNumber number = util.parse(value, null);
      return util.isValidNumber(number)
          ? util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)
          : null;
    } catch (NumberParseException e) {
      return null;
    }
  }
}
